// A local ESLint plugin: every file belongs to one layer, and a layer imports
// only what its allow-list names. Modelled on VS Code's
// .eslint-plugin-local/code-import-patterns: a target's imports must match one
// of its allowed patterns, and a file no target covers is itself an error, so
// a new folder cannot slip past the layering. Every import form is checked:
// `import` and `import type`, `export … from`, `import()`, `require()` and
// `require.resolve()`, `import x = require()`, `typeof import('x')`, and
// `/// <reference types|path>`. Node built-ins are recognised from Node's own
// list in every spelling (`fs`, `node:fs`, `fs/promises`, `node:test`).
import { builtinModules } from 'node:module';
import path from 'node:path';

const BUILTINS = new Set(builtinModules);
const MODULE_EXTENSION = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

/**
 * Compiles the globs the layers use: `*` (within a folder), `**` (any depth),
 * `{a,b}`, and `dir/**`, which also matches `dir` itself (a folder's index).
 */
export function globToRegExp(glob) {
  const whole = glob.endsWith('/**') ? glob.slice(0, -3) : glob;
  let source = '';
  let braces = 0;
  for (let i = 0; i < whole.length; i += 1) {
    const char = whole[i];
    if (char === '*' && whole[i + 1] === '*') {
      const slash = whole[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') {
      braces += 1;
      source += '(?:';
    } else if (char === '}' && braces > 0) {
      braces -= 1;
      source += ')';
    } else if (char === ',' && braces > 0) source += '|';
    else source += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}${whole === glob ? '' : '(?:/.*)?'}$`);
}

/**
 * What a specifier names, seen from `fromFile` (repo-relative, `/`-separated):
 * a Node built-in, a package, or a repository path (extension and `/index` dropped,
 * so `./api`, `./api.js` and `./api.ts` are the same module).
 */
export function classify(specifier, fromFile, root) {
  const bare = specifier.replace(/[?#].*$/, '');
  if (bare.startsWith('.') || path.isAbsolute(bare)) {
    const absolute = path.resolve(root, path.dirname(fromFile), bare);
    const relative = path.relative(root, absolute).split(path.sep).join('/');
    return { kind: 'project', path: relative.replace(MODULE_EXTENSION, '').replace(/(^|\/)index$/, '') || '.' };
  }
  const [first = '', second] = bare.split('/');
  if (bare.startsWith('node:') || BUILTINS.has(bare) || BUILTINS.has(first)) return { kind: 'node', name: bare.replace(/^node:/, '') };
  return { kind: 'package', name: first.startsWith('@') && second ? `${first}/${second}` : first };
}

function compileLayer(layer) {
  const project = (layer.imports.project ?? []).map((entry) => {
    const { path: glob, typeOnly = false } = typeof entry === 'string' ? { path: entry } : entry;
    return { glob, typeOnly, pattern: globToRegExp(glob) };
  });
  const packages = layer.imports.packages ?? [];
  return {
    ...layer,
    matchers: layer.files.map(globToRegExp),
    project,
    anyPackage: packages.includes('*'),
    packages: new Set(packages),
    node: layer.imports.node === true,
  };
}

/** The allow-list in words, for messages: "shared/**, resources/**\/*.json; packages zod; no Node built-ins". */
function describeAllowList(layer) {
  const project = layer.project.map((entry) => (entry.typeOnly ? `${entry.glob} (import type only)` : entry.glob));
  const packages = layer.anyPackage ? 'any package' : layer.packages.size ? `packages ${[...layer.packages].join(', ')}` : 'no packages';
  return `${project.join(', ')}; ${packages}; ${layer.node ? 'Node built-ins' : 'no Node built-ins'}`;
}

const compiledByOptions = new WeakMap();
function compile(options) {
  let compiled = compiledByOptions.get(options);
  if (!compiled) {
    compiled = { root: options.root, layers: options.layers.map(compileLayer) };
    compiledByOptions.set(options, compiled);
  }
  return compiled;
}

const layerOf = (layers, file) => layers.find((layer) => layer.matchers.some((matcher) => matcher.test(file)));

/** The static string of a specifier node, or null when it is computed at run time. */
function literalOf(node) {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return null;
}

const allTypes = (specifiers, kind) => specifiers.length > 0 && specifiers.every((specifier) => specifier[kind] === 'type');

const layering = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only what its allow-list names (see eslint.config.mjs).' },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' }, layers: { type: 'array' } },
        required: ['root', 'layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      unlayered: '{{file}} belongs to no layer: add it to a layer in eslint.config.mjs, which says what it may import.',
      extension: 'Layer {{layer}} ({{says}}) holds only {{extensions}} files, not {{extension}}.',
      forbidden: "Layer {{layer}} ({{says}}) may import only {{allowed}}. '{{specifier}}' is {{what}}.",
      typeOnly: "Layer {{layer}} may import '{{specifier}}' only as a type: write `import type`.",
      computed: '{{form}} with a computed specifier: the layering cannot check it. Name the module with a string literal.',
    },
  },
  create(context) {
    const { root, layers } = compile(context.options[0]);
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    const layer = layerOf(layers, file);
    if (!layer) {
      return { Program: (node) => context.report({ node, messageId: 'unlayered', data: { file } }) };
    }
    const extension = path.extname(file);
    const says = layer.says;

    const describe = (target) => {
      if (target.kind === 'node') return `the Node built-in '${target.name}'`;
      if (target.kind === 'package') return `the package '${target.name}'`;
      const owner = layerOf(layers, target.path);
      return owner ? `${target.path} (layer ${owner.name}: ${owner.says})` : `${target.path} (in no layer)`;
    };

    /** `at` is the node (or comment) the report points to. */
    const check = (at, specifier, typeOnly) => {
      const target = classify(specifier, file, root);
      let allowed;
      if (target.kind === 'node') allowed = layer.node;
      else if (target.kind === 'package') allowed = layer.anyPackage || layer.packages.has(target.name);
      else {
        const entry = layer.project.find((candidate) => candidate.pattern.test(target.path));
        if (entry?.typeOnly && !typeOnly) {
          context.report({ loc: at.loc, messageId: 'typeOnly', data: { layer: layer.name, specifier } });
          return;
        }
        allowed = entry !== undefined;
      }
      if (!allowed) {
        context.report({
          loc: at.loc,
          messageId: 'forbidden',
          data: { layer: layer.name, says, allowed: describeAllowList(layer), specifier, what: describe(target) },
        });
      }
    };
    const checkNode = (node, form, typeOnly) => {
      const specifier = literalOf(node);
      if (specifier === null) context.report({ node, messageId: 'computed', data: { form } });
      else check(node, specifier, typeOnly);
    };

    return {
      Program(program) {
        if (layer.extensions && !layer.extensions.includes(extension)) {
          context.report({
            node: program,
            messageId: 'extension',
            data: { layer: layer.name, says, extensions: layer.extensions.join(', '), extension: extension || '(none)' },
          });
        }
        for (const comment of context.sourceCode.getAllComments()) {
          const reference = /^\/\s*<reference\s+(types|path)\s*=\s*["']([^"']+)["']/.exec(comment.value);
          if (!reference) continue;
          const [, kind, name] = reference;
          // `types="node"` is @types/node: Node's API, whatever the spelling.
          const specifier = kind === 'path' ? (name.startsWith('.') ? name : `./${name}`) : name === 'node' ? 'node:module' : name;
          check(comment, specifier, true);
        }
      },
      ImportDeclaration: (node) => checkNode(node.source, 'import', node.importKind === 'type' || allTypes(node.specifiers, 'importKind')),
      ExportNamedDeclaration: (node) => {
        if (node.source) checkNode(node.source, 'export … from', node.exportKind === 'type' || allTypes(node.specifiers, 'exportKind'));
      },
      ExportAllDeclaration: (node) => checkNode(node.source, 'export * from', node.exportKind === 'type'),
      ImportExpression: (node) => checkNode(node.source, 'import()', false),
      TSImportEqualsDeclaration: (node) => {
        if (node.moduleReference.type === 'TSExternalModuleReference') {
          checkNode(node.moduleReference.expression, 'import = require()', node.importKind === 'type');
        }
      },
      TSImportType: (node) => {
        // typescript-eslint 8 names the specifier `source` (`argument`, a TSLiteralType, is deprecated).
        checkNode(node.source, 'import() type', true);
      },
      CallExpression: (node) => {
        const { callee } = node;
        const isRequire = callee.type === 'Identifier' && callee.name === 'require';
        const isResolve =
          callee.type === 'MemberExpression' &&
          callee.object.type === 'Identifier' &&
          callee.object.name === 'require' &&
          callee.property.type === 'Identifier' &&
          callee.property.name === 'resolve';
        if ((isRequire || isResolve) && node.arguments.length > 0) checkNode(node.arguments[0], isRequire ? 'require()' : 'require.resolve()', false);
      },
    };
  },
};

export default { meta: { name: 'code-layering' }, rules: { layers: layering } };
