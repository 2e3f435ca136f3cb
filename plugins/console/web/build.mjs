// build.mjs OUT_DIR: the staff console's files, as the console plugin serves them:
// OUT_DIR/index.html (no inline script or style) and OUT_DIR/assets/<name>-<hash>.{js,css},
// each with gzip (.gz) and brotli (.br) copies. Run by CMake; npm ci first.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error("usage: node build.mjs OUT_DIR");
  process.exit(2);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "assets"), { recursive: true });

const result = await build({
  entryPoints: [join(here, "src/main.jsx")],
  outdir: join(out, "assets"),
  entryNames: "[name]-[hash]",
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2020"],
  jsx: "automatic",
  jsxImportSource: "preact",
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
});

const built = Object.keys(result.metafile.outputs).map((path) => basename(path));
const script = built.find((name) => name.endsWith(".js"));
const style = built.find((name) => name.endsWith(".css"));
// The icon, fingerprinted as esbuild names the rest.
const iconContent = readFileSync(join(here, "src/icon.svg"));
const icon = `icon-${createHash("sha256").update(iconContent).digest("hex").slice(0, 8).toUpperCase()}.svg`;
writeFileSync(join(out, "assets", icon), iconContent);
const page = readFileSync(join(here, "src/index.html"), "utf8")
  .replace("{{script}}", `assets/${script}`)
  .replace("{{style}}", `assets/${style}`)
  .replace("{{icon}}", `assets/${icon}`);
writeFileSync(join(out, "index.html"), page);

const compress = (path) => {
  const content = readFileSync(path);
  writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
  writeFileSync(
    `${path}.br`,
    brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  );
};
compress(join(out, "index.html"));
// Preact's licence travels with the files it is bundled in (not served).
mkdirSync(join(out, "licenses"), { recursive: true });
writeFileSync(join(out, "licenses", "preact.txt"), readFileSync(join(here, "node_modules/preact/LICENSE")));
for (const name of readdirSync(join(out, "assets"))) compress(join(out, "assets", name));
