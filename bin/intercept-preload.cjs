'use strict';
// Loaded into Node processes that `keyhole run --intercept` starts (NODE_OPTIONS=--require ...).
// Node 20 ignores HTTPS_PROXY: this points fetch (undici's EnvHttpProxyAgent, which honours NO_PROXY)
// and the https module at the proxy those variables name. Trust comes from NODE_EXTRA_CA_CERTS.
// It reads only the environment and holds no secret; a failure warns and leaves the process as it was.
const path = require('node:path');
const { createRequire } = require('node:module');

const fromKeyhole = createRequire(path.join(__dirname, '..', 'package.json'));
const proxy = process.env.HTTPS_PROXY || process.env.https_proxy;
if (proxy) {
  try {
    const { EnvHttpProxyAgent, setGlobalDispatcher } = fromKeyhole('undici');
    setGlobalDispatcher(new EnvHttpProxyAgent());
    const { HttpsProxyAgent } = fromKeyhole('https-proxy-agent');
    const https = require('node:https');
    const direct = https.globalAgent;
    const proxied = new HttpsProxyAgent(proxy);
    const bypass = new Set(String(process.env.NO_PROXY || process.env.no_proxy || '').split(',').map((h) => h.trim().toLowerCase()));
    // One agent that sends each request direct or through the proxy, as NO_PROXY says.
    https.globalAgent = new Proxy(direct, {
      get(target, property) {
        if (property === 'addRequest') {
          return (request, options) => {
            const host = String(options.host || options.hostname || '').replace(/^\[|\]$/g, '').toLowerCase();
            return (bypass.has(host) ? direct : proxied).addRequest(request, options);
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  } catch (error) {
    process.emitWarning(`keyhole: could not point Node's fetch and https at the intercepting proxy: ${error && error.message}`);
  }
}
