/* events.js: styles/scripts of its module */
