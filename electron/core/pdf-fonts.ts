// Fonts for printing, cut to the characters of each document.
//
// Chromium (and Electron's printToPDF, the same Skia) pays a fixed cost per
// font per PDF that grows with the number of glyphs in the font, not with the
// text: Noto Serif CJK SC has 65,535 glyphs, and a document that uses one
// character of it took 0.9–1.8 s to print, a two-page fault report with three
// CJK faces 6–8 s (measured on the 2-core machine under load; a blank page
// 0.1–0.4 s in the same run). The same report printed with the faces cut to the
// ~300 characters it uses takes a fifth of that. So the printer loads each
// face's file once, into HarfBuzz's subsetter (WebAssembly, on a worker thread
// so the main event loop never waits on it), and gives every document
// @font-face rules with subsets of exactly its characters, as data: URLs.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** A face the printed page uses, by the family name the page's CSS asks for. */
export interface PrintFont {
  family: string;
  weight: 400 | 700;
  file: string;
  /** Face index inside a collection (.ttc); 0 for a plain font file. */
  index: number;
}

/** Family names the report CSS puts first in its stacks; the system names follow as fallback. */
export const PRINT_SERIF = 'NocPrintSerif';
export const PRINT_SANS = 'NocPrintSans';

/** The faces wanted, each the first installed of its candidates (fontconfig names). */
const WANTED: { family: string; weight: 400 | 700; candidates: string[] }[] = [
  { family: PRINT_SERIF, weight: 400, candidates: ['Noto Serif CJK SC', 'Source Han Serif SC', 'Noto Sans CJK SC'] },
  { family: PRINT_SANS, weight: 700, candidates: ['Noto Sans CJK SC', 'Source Han Sans SC'] },
];

/**
 * The CJK faces installed on this machine, found with fontconfig (`fc-match`).
 * Empty where fontconfig or the fonts are missing (Windows, macOS): the page
 * then prints with the system fonts its CSS names, correctly but slower.
 */
export function findPrintFonts(): PrintFont[] {
  const found: PrintFont[] = [];
  for (const wanted of WANTED) {
    for (const candidate of wanted.candidates) {
      const style = wanted.weight === 700 ? 'Bold' : 'Regular';
      let out: string;
      try {
        out = execFileSync('fc-match', ['--format=%{family}\n%{file}\n%{index}', `${candidate}:style=${style}`], { encoding: 'utf8', timeout: 5000 });
      } catch {
        return found;
      }
      const [families = '', file = '', index = '0'] = out.split('\n');
      // fc-match always answers; only the family asked for counts.
      if (!families.split(',').includes(candidate) || !file) continue;
      found.push({ family: wanted.family, weight: wanted.weight, file, index: Number(index) || 0 });
      break;
    }
  }
  return found;
}

// Plain CommonJS run with `eval: true`, as the checkpointer's worker: the same
// text works under tsx, vitest and the electron-vite bundle. It loads each
// face once and answers every request with one subset per face.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const hb = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(workerData.wasm)), {}).exports;
const heap = () => new Uint8Array(hb.memory.buffer);
const faces = workerData.fonts.map((font) => {
  const data = readFileSync(font.file);
  const ptr = hb.malloc(data.length);
  heap().set(data, ptr);
  // HB_MEMORY_MODE_WRITABLE, no destroy callback: the face lives as long as the worker.
  const blob = hb.hb_blob_create(ptr, data.length, 2, 0, 0);
  const face = hb.hb_face_create(blob, font.index);
  hb.hb_blob_destroy(blob);
  return face;
});
function subset(face, codepoints) {
  const input = hb.hb_subset_input_create_or_fail();
  if (!input) throw new Error('hb_subset_input_create_or_fail failed');
  const set = hb.hb_subset_input_unicode_set(input);
  for (const cp of codepoints) hb.hb_set_add(set, cp);
  const result = hb.hb_subset_or_fail(face, input);
  hb.hb_subset_input_destroy(input);
  if (!result) throw new Error('hb_subset_or_fail failed');
  const blob = hb.hb_face_reference_blob(result);
  const start = hb.hb_blob_get_data(blob, 0);
  const bytes = heap().slice(start, start + hb.hb_blob_get_length(blob));
  hb.hb_blob_destroy(blob);
  hb.hb_face_destroy(result);
  return bytes;
}
parentPort.postMessage({ ready: true });
parentPort.on('message', ({ id, codepoints }) => {
  try {
    const fonts = faces.map((face) => subset(face, codepoints));
    parentPort.postMessage({ id, fonts }, fonts.map((f) => f.buffer));
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

type Reply = { ready: true } | { id: number; fonts: Uint8Array[] } | { id: number; error: string };

/**
 * Every character of `texts`, as code points, once each, and printable ASCII:
 * Chromium writes the page numbers into the footer after this cut, and one
 * digit missing from it falls back to the system's face at its full cost.
 */
function codepointsOf(texts: readonly string[]): number[] {
  const seen = new Set<number>(Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i));
  for (const text of texts) for (const ch of text) seen.add(ch.codePointAt(0)!);
  return [...seen];
}

/**
 * Cuts the print faces to the characters of a document. The worker starts on
 * first use (or `warm()`), loads every face once and stays until `close()`;
 * if it dies, the next request starts a new one.
 */
export class FontSubsetter {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private readonly pending = new Map<number, { resolve(fonts: Uint8Array[]): void; reject(error: Error): void }>();
  private nextId = 1;

  /** Given, or found on first use: fontconfig's answers (a process each) took 68 ms of a console's start (profiled). */
  private found: readonly PrintFont[] | null;

  constructor(fonts?: readonly PrintFont[]) {
    this.found = fonts ?? null;
  }

  get fonts(): readonly PrintFont[] {
    return (this.found ??= findPrintFonts());
  }

  /** Starts the worker and loads the faces, so the first document does not wait for it. */
  warm(): Promise<void> {
    if (this.fonts.length === 0) return Promise.resolve();
    if (this.ready) return this.ready;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { wasm: createRequire(__filename).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'), fonts: this.fonts },
    });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => {
        reject(error);
        for (const request of this.pending.values()) request.reject(error);
        this.pending.clear();
        if (this.worker === worker) {
          this.worker = null;
          this.ready = null;
        }
      };
      worker.on('message', (reply: Reply) => {
        if ('ready' in reply) return resolve();
        const request = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if ('error' in reply) request?.reject(new Error(`font subsetting failed: ${reply.error}`));
        else request?.resolve(reply.fonts);
      });
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`the font subsetting worker exited (${code})`)));
    });
    // A failed start is seen by the request that waits on it; nothing else must see it unhandled.
    this.ready.catch(() => {});
    return this.ready;
  }

  /** `@font-face` rules for the print families, each cut to the characters of `texts`; empty without fonts. */
  async fontFaces(texts: readonly string[]): Promise<string> {
    if (this.fonts.length === 0) return '';
    await this.warm();
    const id = this.nextId++;
    const subsets = await new Promise<Uint8Array[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.postMessage({ id, codepoints: codepointsOf(texts) });
    });
    return this.fonts
      .map(
        (font, i) =>
          `@font-face{font-family:'${font.family}';font-weight:${font.weight};src:url(data:font/otf;base64,${Buffer.from(subsets[i]!).toString('base64')})}`,
      )
      .join('');
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    if (worker) await worker.terminate();
  }
}
