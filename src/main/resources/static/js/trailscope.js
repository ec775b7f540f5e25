/* trailscope.js: styles/scripts of its module */
