/**
 * `npm run analyze`: lib/custom-elements.json, the Custom Elements Manifest of <recharge-widget>,
 * from the JSDoc on the RechargeWidget class (widget/recharge-widget.ts). The analyzer reads the
 * TypeScript sources; the manifest must name the files that ship, so a plugin maps each
 * `widget/x.ts` to `lib/widget/x.js` (build:package emits them there).
 */
import { posix } from 'node:path';

const SHIPPED_DIR = 'lib';

/** A source module path (absolute, relative to the module it appears in, or to the root) → the shipped file. */
function shippedPath(path, fromModule) {
  const fromRoot = path.startsWith('./') || path.startsWith('../')
    ? posix.join(posix.dirname(fromModule), path)
    : path.replace(/^\//, '');
  return `${SHIPPED_DIR}/${fromRoot.replace(/\.ts$/, '.js')}`;
}

/** widget/index.ts's fallback `class extends RechargeWidget {}` is not a second element: drop it. */
const isFallbackClass = (name) => /^anonymous_\d+$/.test(name);

function shippedModules() {
  return {
    name: 'recharge-widget-shipped-modules',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        const source = module.path;
        module.path = shippedPath(source, source);
        module.declarations = (module.declarations ?? []).filter((declaration) => !isFallbackClass(declaration.name));
        module.exports = (module.exports ?? []).filter((entry) => !isFallbackClass(entry.declaration?.name ?? ''));
        for (const entry of module.exports) {
          if (entry.declaration?.module) entry.declaration.module = shippedPath(entry.declaration.module, source);
        }
        for (const declaration of module.declarations) {
          for (const member of [...(declaration.members ?? []), ...(declaration.attributes ?? [])]) {
            if (member.inheritedFrom?.module?.endsWith('.ts')) member.inheritedFrom.module = shippedPath(member.inheritedFrom.module, source);
          }
        }
      }
      // `import { X } …; export { X }` is credited to the re-exporting module: point it at X's declaration.
      const declaredIn = new Map(customElementsManifest.modules.flatMap((module) => module.declarations.map((declaration) => [declaration.name, module.path])));
      for (const module of customElementsManifest.modules) {
        for (const entry of module.exports) {
          const declaration = entry.declaration;
          if (declaration?.module === module.path && !module.declarations.some((own) => own.name === declaration.name) && declaredIn.has(declaration.name)) {
            declaration.module = declaredIn.get(declaration.name);
          }
        }
      }
    },
  };
}

export default {
  globs: ['widget/recharge-widget.ts', 'widget/index.ts', 'widget/element.ts'],
  outdir: SHIPPED_DIR,
  litelement: true,
  packagejson: false,
  plugins: [shippedModules()],
};
