/**
 * The polyfill script: the ECMAScript and web built-ins that package.json's "browserslist" engines
 * lack (EdgeHTML 18 above all). Babel's preset-env (`useBuiltIns: 'entry'`, webpack.config.js)
 * replaces the import below with exactly the core-js modules those engines need; nothing else in the
 * build imports core-js. taskpane.html's bootstrap loads this script, before the pane's bundle, only
 * where the engine lacks a built-in the code may call; the web page's worker then loads it too
 * (workerStart.ts). Engines with those built-ins load no polyfill at all.
 */
import 'core-js/stable';
