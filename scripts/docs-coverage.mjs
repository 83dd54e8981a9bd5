#!/usr/bin/env node
// Documentation coverage of the public API: converts the package entry points with TypeDoc
// (no HTML, no type errors reported) and counts the declarations TypeDoc's
// `validation.notDocumented` would require to be documented, the same way it does.
//
//   node scripts/docs-coverage.mjs            overall figure, per-folder table, undocumented names
//   node scripts/docs-coverage.mjs --min 95   also exit 1 when the overall coverage is below 95 %
//   node scripts/docs-coverage.mjs --only ts/losses,ts/metrics   restrict the figure and list
import { relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The entry points of the package (`.`, and `./vis`, `./compare` when tsup builds them). */
export function entryPoints() {
  const tsup = readFileSync(resolve(root, 'tsup.config.ts'), 'utf8');
  const entries = ['ts/index.ts'];
  for (const extra of ['ts/vis/index.ts', 'ts/compare/index.ts']) if (tsup.includes(extra)) entries.push(extra);
  return entries;
}

/**
 * Converts the entry points and returns one row per declaration that needs a doc comment:
 * `{ name, kind, file, documented }`. Signatures are folded into their function or method
 * (documented when the function or any of its signatures has a comment), as TypeDoc does.
 */
export async function collectDocItems({ entries = entryPoints() } = {}) {
  const td = await import('typedoc');
  const { ReflectionKind, DeclarationReflection, ReflectionType } = td;
  const app = await td.Application.bootstrap({
    entryPoints: entries.map((e) => resolve(root, e)),
    tsconfig: resolve(root, 'tsconfig.docs.json'),
    skipErrorChecking: true,
    logLevel: 'Error',
    excludePrivate: true,
    excludeInternal: true,
  });
  const project = await app.convert();
  if (!project) throw new Error('docs-coverage: TypeDoc could not convert ' + entries.join(', '));

  const K = ReflectionKind;
  const kinds = K.Enum | K.EnumMember | K.Variable | K.Function | K.Class | K.Interface | K.Property
    | K.Method | K.Accessor | K.TypeAlias;
  const items = new Map();
  for (const ref of project.getReflectionsByKind(kinds)) {
    if (!(ref instanceof DeclarationReflection)) continue;
    // Members of parameter/type literals (options written inline) are documented by their parent.
    let inParam = false;
    for (let r = ref.parent; r; r = r.parent) if (r.kindOf(K.Parameter) || r.kindOf(K.TypeLiteral)) inParam = true;
    if (inParam) continue;
    if (ref.flags.isExternal) continue;
    // An inherited member is counted once, where it is declared (it shows that comment). A member
    // inherited from a base class the package does not export (BaseConv, Pooling, …) has no
    // declaration of its own in the docs, so it is counted on each subclass, as TypeDoc's
    // notDocumented does: documenting it in the base fixes every subclass.
    if (ref.inheritedFrom?.reflection) continue;
    const sigs = ref.type instanceof ReflectionType ? ref.type.declaration.getNonIndexSignatures() : ref.getNonIndexSignatures();
    const src = ref.sources?.[0] ?? sigs[0]?.sources?.[0];
    const file = src ? relative(root, src.fullFileName) : '?';
    if (file.startsWith('node_modules') || file.startsWith('..')) continue;
    const documented = ref.hasComment() || sigs.some((s) => s.hasComment())
      || (ref.kindOf(K.Accessor) && [ref.getSignature, ref.setSignature].some((s) => s?.hasComment()));
    const name = ref.getFriendlyFullName();
    // The same declaration reached twice (`export *` and `export * as ops`) counts once.
    const key = `${file}:${src?.line ?? 0}:${src?.character ?? 0}:${name.split('.').pop()}:${ref.parent?.name}`;
    const prev = items.get(key);
    if (!prev || (!prev.documented && documented)) items.set(key, { name, kind: K[ref.kind], file, documented });
  }
  return [...items.values()];
}

/** `{ documented, total, percent, missing }` for the rows whose file starts with one of `prefixes`. */
export function summarize(items, prefixes) {
  const rows = prefixes ? items.filter((i) => prefixes.some((p) => i.file.startsWith(p))) : items;
  const missing = rows.filter((i) => !i.documented);
  const documented = rows.length - missing.length;
  return { documented, total: rows.length, percent: rows.length ? (100 * documented) / rows.length : 100, missing };
}

function folderOf(file) {
  const parts = file.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts[0];
}

async function main(argv) {
  const arg = (flag) => { const i = argv.indexOf(flag); return i >= 0 ? argv[i + 1] : undefined; };
  const only = arg('--only')?.split(',').filter(Boolean);
  const min = arg('--min') !== undefined ? Number(arg('--min')) : undefined;
  const items = await collectDocItems();
  const all = summarize(items);
  const top = summarize(items.filter((i) => !['Property', 'Method', 'Accessor', 'EnumMember'].includes(i.kind)));
  const byFolder = new Map();
  for (const i of items) {
    const f = folderOf(i.file);
    const s = byFolder.get(f) ?? { documented: 0, total: 0 };
    s.total++; if (i.documented) s.documented++;
    byFolder.set(f, s);
  }
  console.log(`entry points: ${entryPoints().join(', ')}`);
  console.log(`documented exports / exports (top-level declarations): ${top.documented} / ${top.total} (${top.percent.toFixed(1)} %)`);
  console.log(`documented / total including members (properties, methods, options fields): ${all.documented} / ${all.total} (${all.percent.toFixed(1)} %)`);
  console.log('\nby folder:');
  for (const [f, s] of [...byFolder].sort()) {
    console.log(`  ${f.padEnd(28)} ${String(s.documented).padStart(5)} / ${String(s.total).padEnd(5)} ${((100 * s.documented) / s.total).toFixed(1).padStart(5)} %`);
  }
  const scoped = summarize(items, only);
  if (only) console.log(`\n${only.join(', ')}: ${scoped.documented} / ${scoped.total} (${scoped.percent.toFixed(1)} %)`);
  if (scoped.missing.length) {
    console.log(`\nundocumented (${scoped.missing.length}):`);
    for (const m of scoped.missing) console.log(`  ${m.name} (${m.kind}) ${m.file}`);
  }
  if (min !== undefined && scoped.percent < min) {
    console.error(`\ndocs coverage ${scoped.percent.toFixed(1)} % is below --min ${min} %`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
