// Keyhole's Electron hardening rules: the checks Electronegativity made (which is unmaintained, on
// ESLint 7 and TypeScript 4, and calls the network at run time), as ESLint rules over our own code.
// Each rule is proven to fail on bad code in test/integration/quality-gates.test.ts.

const WINDOWS = new Set(['BrowserWindow', 'BrowserView', 'WebContentsView']);
/** webPreferences that must be stated, and the only value allowed. */
const REQUIRED = { sandbox: true, contextIsolation: true, nodeIntegration: false };
/** webPreferences that must never take this value. */
const FORBIDDEN = {
  webSecurity: false,
  allowRunningInsecureContent: true,
  experimentalFeatures: true,
  nodeIntegrationInWorker: true,
  nodeIntegrationInSubFrames: true,
  webviewTag: true,
};
const DANGEROUS_SWITCHES = new Set([
  'ignore-certificate-errors',
  'disable-web-security',
  'allow-insecure-localhost',
  'no-sandbox',
  'remote-debugging-port',
  'inspect',
  'inspect-brk',
  'js-flags',
]);

const property = (object, name) =>
  object?.type === 'ObjectExpression' ? object.properties.find((p) => p.type === 'Property' && !p.computed && (p.key.name ?? p.key.value) === name) : undefined;
const literal = (node) => (node?.type === 'Literal' ? node.value : undefined);
const calleeName = (callee) =>
  callee.type === 'MemberExpression' && !callee.computed ? callee.property.name : callee.type === 'Identifier' ? callee.name : undefined;

const hardenedWebPreferences = {
  meta: { type: 'problem', docs: { description: 'windows are sandboxed, context-isolated and without Node, stated explicitly' }, schema: [] },
  create(context) {
    return {
      NewExpression(node) {
        if (node.callee.type !== 'Identifier' || !WINDOWS.has(node.callee.name)) return;
        const options = node.arguments[0];
        const prefs = property(options, 'webPreferences')?.value;
        if (prefs?.type !== 'ObjectExpression') {
          context.report({ node, message: `${node.callee.name} needs webPreferences stating ${Object.keys(REQUIRED).join(', ')}.` });
          return;
        }
        for (const [name, value] of Object.entries(REQUIRED)) {
          if (literal(property(prefs, name)?.value) !== value)
            context.report({ node: property(prefs, name) ?? prefs, message: `webPreferences.${name} must be ${value}.` });
        }
        for (const [name, value] of Object.entries(FORBIDDEN)) {
          const found = property(prefs, name);
          if (found && literal(found.value) === value)
            context.report({ node: found, message: `webPreferences.${name}: ${value} weakens the renderer's isolation.` });
        }
        const blink = property(prefs, 'enableBlinkFeatures');
        if (blink) context.report({ node: blink, message: 'webPreferences.enableBlinkFeatures turns on experimental features.' });
      },
    };
  },
};

const noInsecureContent = {
  meta: { type: 'problem', docs: { description: 'no plain-http content except loopback' }, schema: [] },
  create(context) {
    return {
      CallExpression(node) {
        if (calleeName(node.callee) !== 'loadURL') return;
        const url = literal(node.arguments[0]);
        if (typeof url === 'string' && /^http:\/\/(?!127\.0\.0\.1|localhost)/.test(url)) context.report({ node, message: `loadURL over plain http: ${url}` });
      },
    };
  },
};

const safeOpenExternal = {
  meta: { type: 'problem', docs: { description: 'openExternal only with a literal URL' }, schema: [] },
  create(context) {
    return {
      CallExpression(node) {
        if (calleeName(node.callee) !== 'openExternal') return;
        if (typeof literal(node.arguments[0]) !== 'string')
          context.report({ node, message: 'shell.openExternal with a computed URL can open any protocol handler: pass a checked literal.' });
      },
    };
  },
};

const noInsecureSwitches = {
  meta: { type: 'problem', docs: { description: 'no command-line switches that weaken Chromium' }, schema: [] },
  create(context) {
    return {
      CallExpression(node) {
        if (calleeName(node.callee) !== 'appendSwitch') return;
        const name = literal(node.arguments[0]);
        if (typeof name === 'string' && DANGEROUS_SWITCHES.has(name)) context.report({ node, message: `appendSwitch('${name}') weakens Chromium's security.` });
      },
    };
  },
};

const certificateErrors = {
  meta: { type: 'problem', docs: { description: 'certificate errors are never overridden' }, schema: [] },
  create(context) {
    return {
      CallExpression(node) {
        const name = calleeName(node.callee);
        const event = literal(node.arguments[0]);
        if (name === 'setCertificateVerifyProc' || ((name === 'on' || name === 'once') && event === 'certificate-error')) {
          context.report({ node, message: 'Overriding certificate verification lets any certificate through.' });
        }
      },
    };
  },
};

export default {
  rules: {
    'hardened-web-preferences': hardenedWebPreferences,
    'no-insecure-content': noInsecureContent,
    'safe-open-external': safeOpenExternal,
    'no-insecure-switches': noInsecureSwitches,
    'no-certificate-override': certificateErrors,
  },
};
