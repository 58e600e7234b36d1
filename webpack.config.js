/* eslint-disable no-undef */
/**
 * Builds the task pane (taskpane.html), the ribbon's function file (commands.html) and copies the
 * icons, Office.js and the manifest into dist/.
 *
 *   npm run build -- --env baseUrl=https://host/path/    production build for that server
 *   npm run build -- --env officeJsDir=DIR               self-host the Office.js files in DIR (copied
 *                                                        from Microsoft's CDN) instead of the npm copy
 *   npm run build -- --env officeCdn                     load Office.js from Microsoft's CDN instead
 *   npm run build -- --env demo                          the demo build: the seed lists (../shared/seeds, or
 *                                                        JINDU_SEEDS_DIR) in lists/ beside the page
 *
 * A plain build offers no list of its own: `jindu deploy --catalog C` adds the office's list as data
 * (lists/index.json and the catalog's JSON), and the page and the pane fetch it when they start.
 *
 * By default Office.js is served with the add-in (from the @microsoft/office-js package), so the
 * pane works on an intranet with no internet access. Office.js files are copied as they are, never
 * minified again.
 *
 * Everything the pane and the web page load, dependencies included, goes through Babel's preset-env
 * for the browsers in package.json's "browserslist" (EdgeHTML 18 is the oldest engine that runs
 * task panes with this add-in's API sets). Webpack's own runtime follows the same list (target
 * "browserslist"). Polyfills are not in the bundle: they are one script of their own
 * (src/taskpane/polyfills.ts), which taskpane.html's bootstrap loads only where the engine lacks
 * built-ins the code calls, and the worker after it (src/taskpane/workerStart.ts).
 */
const path = require('path');
const fs = require('fs');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const DEV_URL = 'https://localhost:3000/';
const OFFICE_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const OFFICE_NPM_DIST = path.dirname(require.resolve('@microsoft/office-js/dist/office.js'));

function normaliseBaseUrl(url) {
  const u = new URL(url); // throws on a malformed --env baseUrl, which is what we want
  if (u.protocol !== 'https:' && u.hostname !== 'localhost') {
    throw new Error(`baseUrl 必须是 https 地址（Office 只加载 HTTPS 加载项）：${url}`);
  }
  return u.href.endsWith('/') ? u.href : `${u.href}/`;
}

/**
 * Office.js loads host scripts and per-locale strings next to office.js: copy those, not the debug
 * builds or other hosts. `minimized` keeps Terser off them: Microsoft's files are served as shipped.
 */
function officeJsPatterns(officeDist = OFFICE_NPM_DIST) {
  if (!fs.existsSync(path.join(officeDist, 'office.js'))) throw new Error(`officeJsDir 中没有 office.js：${officeDist}`);
  const keep = (name) => !name.endsWith('.debug.js') && (/^excel-.*\.js$/.test(name) || ['office.js', 'o15apptofilemappingtable.js'].includes(name));
  const files = fs.readdirSync(officeDist).filter(keep).map((name) => ({ from: path.join(officeDist, name), to: `office-js/${name}`, info: { minimized: true } }));
  const locales = fs
    .readdirSync(officeDist, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(officeDist, d.name, 'office_strings.js')))
    .map((d) => ({ from: path.join(officeDist, d.name, 'office_strings.js'), to: `office-js/${d.name}/office_strings.js`, info: { minimized: true } }));
  return [...files, ...locales];
}

/** The polyfill script's entry: core-js for the browserslist, and nothing else. */
const POLYFILLS = path.resolve(__dirname, 'src/taskpane/polyfills.ts');

/**
 * Babel for the pane's code and every dependency it bundles: syntax lowered to what the browserslist
 * engines parse; its helpers imported once from @babel/runtime instead of copied into every module
 * that needs them. No polyfills here (useBuiltIns false): `entry` mode, for the polyfill script alone,
 * turns its `import 'core-js/stable'` into the core-js modules the browserslist engines lack. core-js
 * itself and Babel's helpers are left alone (transforming them would make them import themselves).
 */
function babel(useBuiltIns) {
  const corejs = require('core-js/package.json').version;
  return {
    loader: 'babel-loader',
    options: {
      babelrc: false,
      configFile: false,
      cacheDirectory: true,
      cacheCompression: false,
      sourceType: 'unambiguous',
      presets: [['@babel/preset-env', { bugfixes: true, modules: false, useBuiltIns, ...(useBuiltIns ? { corejs } : {}) }]],
      plugins: [
        ['@babel/plugin-transform-runtime', { helpers: true, regenerator: false, corejs: false, version: require('@babel/runtime/package.json').version }],
      ],
    },
  };
}
const NOT_TRANSPILED = /[\\/]node_modules[\\/](core-js|@babel[\\/]runtime|webpack[\\/]buildin)[\\/]/;
const tsLoader = { loader: 'ts-loader', options: { transpileOnly: true, compilerOptions: { noEmit: false } } };

/**
 * The demo build's lists folder (src/cli/bundledLists.ts, TypeScript, run through tsx as the CLI is):
 * the seed lists as catalog JSON, emitted beside the page.
 */
class DemoListsPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('DemoLists', (compilation) => {
      compilation.hooks.processAssets.tapPromise({ name: 'DemoLists', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, async () => {
        const { demoListFiles } = require('tsx/cjs/api').require('./src/cli/bundledLists.ts', __filename);
        for (const f of await demoListFiles()) compilation.emitAsset(f.path, new compiler.webpack.sources.RawSource(f.text));
      });
    });
  }
}

/** The polyfill script's file, for taskpane.html's bootstrap (which adds it only where needed). */
function polyfillScript(compilation) {
  const files = compilation.entrypoints.get('polyfills').getFiles().filter((f) => f.endsWith('.js'));
  if (files.length !== 1) throw new Error(`polyfills: expected one script, got ${files.join(', ')}`);
  return files[0];
}

module.exports = (env = {}, argv = {}) => {
  const dev = argv.mode !== 'production';
  const baseUrl = normaliseBaseUrl(env.baseUrl || DEV_URL);
  const officeJs = env.officeCdn ? OFFICE_CDN : 'office-js/office.js';
  return {
    devtool: dev ? 'source-map' : false,
    entry: {
      taskpane: './src/taskpane/index.tsx',
      commands: './src/commands/commands.ts',
      polyfills: POLYFILLS,
    },
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: '[name].[contenthash:8].js',
      chunkFilename: '[name].[contenthash:8].js',
      clean: true,
    },
    // The runtime webpack writes (chunk loading, the worker's bootstrap) in the syntax of the same browsers.
    target: 'browserslist',
    resolve: { extensions: ['.ts', '.tsx', '.js'] },
    module: {
      rules: [
        { test: POLYFILLS, use: [babel('entry'), tsLoader] },
        { test: /\.tsx?$/, exclude: [/node_modules/, POLYFILLS], use: [babel(false), tsLoader] },
        { test: /\.[cm]?js$/, exclude: NOT_TRANSPILED, use: babel(false) },
      ],
    },
    performance: { hints: false },
    plugins: [
      ...(env.demo ? [new DemoListsPlugin()] : []),
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/taskpane/taskpane.html',
        chunks: ['taskpane'],
        templateParameters: (compilation) => ({ officeJs, polyfills: polyfillScript(compilation) }),
      }),
      new HtmlWebpackPlugin({
        filename: 'commands.html',
        template: './src/commands/commands.html',
        chunks: ['commands'],
        templateParameters: { officeJs },
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*', to: 'assets/[name][ext]' },
          // pdf.js's CMaps for Chinese CID fonts (STSong-Light and the like), read when a PDF list needs them.
          { from: 'node_modules/pdfjs-dist/cmaps/*GB*.bcmap', to: 'pdf-cmaps/[name][ext]' },
          ...(env.officeCdn ? [] : officeJsPatterns(env.officeJsDir ? path.resolve(env.officeJsDir) : undefined)),
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            transform: (content) => content.toString().split(DEV_URL).join(baseUrl).split(DEV_URL.slice(0, -1)).join(new URL(baseUrl).origin),
          },
        ],
      }),
    ],
    devServer: {
      static: { directory: path.join(__dirname, 'dist') },
      headers: { 'Access-Control-Allow-Origin': '*' },
      server: dev && !env.http ? { type: 'https', options: devCertOptions() } : 'http',
      port: Number(process.env.npm_package_config_dev_server_port || 3000),
    },
  };
};

module.exports.officeJsPatterns = officeJsPatterns;

/** office-addin-dev-certs installs a trusted localhost certificate (npx office-addin-dev-certs install). */
function devCertOptions() {
  try {
    const dir = path.join(require('os').homedir(), '.office-addin-dev-certs');
    return { key: fs.readFileSync(path.join(dir, 'localhost.key')), cert: fs.readFileSync(path.join(dir, 'localhost.crt')), ca: fs.readFileSync(path.join(dir, 'ca.crt')) };
  } catch {
    return {}; // webpack-dev-server then makes a self-signed certificate
  }
}
