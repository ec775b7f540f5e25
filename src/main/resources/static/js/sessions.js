/* sessions.js: styles/scripts of its module */
