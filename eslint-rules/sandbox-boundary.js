// The sandbox is an independent stand-in for the vendors (sandbox/): the product reaches it only by
// URL, and it knows nothing of the product. Two directions, one rule:
// - a product file (electron/, shared/, renderer/, bin/) may import the sandbox only where it is
//   started: the "Try it" wiring (electron/try-it/);
// - a sandbox file may import nothing of the product (its rules come from the vendors' documents).
// Proven to fire in test/integration/quality-gates.test.ts.
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const SANDBOX = path.join(ROOT, 'sandbox');
const STARTERS = [path.join(ROOT, 'electron', 'try-it')];
const PRODUCT = ['electron', 'shared', 'renderer', 'bin'].map((dir) => path.join(ROOT, dir));

const inside = (file, dir) => file === dir || file.startsWith(`${dir}${path.sep}`);

const sandboxByUrl = {
  meta: { type: 'problem', docs: { description: 'the product reaches the sandbox only by URL; the sandbox imports nothing of the product' }, schema: [] },
  create(context) {
    const file = path.resolve(context.filename);
    const fromSandbox = inside(file, SANDBOX);
    const fromProduct = PRODUCT.some((dir) => inside(file, dir)) && !STARTERS.some((dir) => inside(file, dir));
    if (!fromSandbox && !fromProduct) return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), source);
      if (fromProduct && inside(target, SANDBOX)) {
        context.report({ node, message: 'The product reaches the sandbox by URL only; only the "Try it" wiring (electron/try-it/) starts it.' });
      } else if (fromSandbox && !inside(target, SANDBOX)) {
        context.report({ node, message: "The sandbox imports nothing of the product: its rules come from the vendors' documents." });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { 'sandbox-by-url': sandboxByUrl } };
