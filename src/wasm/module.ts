// WebAssembly module builder: types, imports, functions, tables, globals and exports, written in
// the binary format. Knows nothing of RISC-V.

import { ByteWriter } from './bytes.js';
import { T } from './code.js';

export interface FuncType {
  params: readonly number[];
  results: readonly number[];
}

export type Import =
  | { module: string; name: string; kind: 'func'; type: number }
  | { module: string; name: string; kind: 'memory'; min: number; max: number; shared: boolean }
  | { module: string; name: string; kind: 'table'; min: number }
  | { module: string; name: string; kind: 'global'; type: number; mutable: boolean };

export interface Func {
  type: number;
  /** Local declarations beyond the parameters, as [count, type] runs. */
  locals: readonly (readonly [number, number])[];
  /** The instruction bytes, not including the final `end`. */
  body: Uint8Array;
  /** Offsets in `body` of `if` instructions whose condition is almost never true. */
  unlikely?: readonly number[];
}

export interface Export {
  name: string;
  kind: 'func' | 'table' | 'memory' | 'global';
  index: number;
}

export interface Global {
  type: number;
  mutable: boolean;
  /** Constant initialiser (numbers only). */
  init: number;
}

export class ModuleBuilder {
  readonly types: FuncType[] = [];
  readonly imports: Import[] = [];
  readonly funcs: Func[] = [];
  readonly exports: Export[] = [];
  readonly globals: Global[] = [];
  private typeKeys = new Map<string, number>();

  /** Index of a function type, adding it on first use. */
  type(params: readonly number[], results: readonly number[]): number {
    const key = `${params.join(',')}:${results.join(',')}`;
    let i = this.typeKeys.get(key);
    if (i === undefined) {
      i = this.types.length;
      this.types.push({ params, results });
      this.typeKeys.set(key, i);
    }
    return i;
  }

  /** Adds an import and returns its index in its own index space. */
  import(imp: Import): number {
    const n = this.imports.filter((i) => i.kind === imp.kind).length;
    this.imports.push(imp);
    return n;
  }

  private importedCount(kind: Import['kind']): number {
    return this.imports.filter((i) => i.kind === kind).length;
  }

  /** Adds a function and returns its index in the function index space. */
  func(f: Func): number {
    this.funcs.push(f);
    return this.importedCount('func') + this.funcs.length - 1;
  }

  global(g: Global): number {
    this.globals.push(g);
    return this.importedCount('global') + this.globals.length - 1;
  }

  export(e: Export): void {
    this.exports.push(e);
  }

  build(): Uint8Array<ArrayBuffer> {
    const out = new ByteWriter(1024);
    out.bytes(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
    const section = (id: number, write: (w: ByteWriter) => void) => {
      const w = new ByteWriter(256);
      write(w);
      out.byte(id).u32(w.len).bytes(w.view());
    };
    if (this.types.length) {
      section(1, (w) => {
        w.u32(this.types.length);
        for (const t of this.types) {
          w.byte(0x60).u32(t.params.length);
          for (const p of t.params) w.byte(p);
          w.u32(t.results.length);
          for (const r of t.results) w.byte(r);
        }
      });
    }
    if (this.imports.length) {
      section(2, (w) => {
        w.u32(this.imports.length);
        for (const imp of this.imports) {
          w.name(imp.module).name(imp.name);
          switch (imp.kind) {
            case 'func':
              w.byte(0x00).u32(imp.type);
              break;
            case 'table':
              w.byte(0x01).byte(T.funcref).byte(0x00).u32(imp.min);
              break;
            case 'memory':
              w.byte(0x02).byte(imp.shared ? 0x03 : 0x01).u32(imp.min).u32(imp.max);
              break;
            case 'global':
              w.byte(0x03).byte(imp.type).byte(imp.mutable ? 1 : 0);
              break;
          }
        }
      });
    }
    if (this.funcs.length) {
      section(3, (w) => {
        w.u32(this.funcs.length);
        for (const f of this.funcs) w.u32(f.type);
      });
    }
    if (this.globals.length) {
      section(6, (w) => {
        w.u32(this.globals.length);
        for (const g of this.globals) {
          w.byte(g.type).byte(g.mutable ? 1 : 0);
          if (g.type === T.i32) w.byte(0x41).s32(g.init);
          else if (g.type === T.i64) w.byte(0x42).s64n(g.init);
          else if (g.type === T.f64) w.byte(0x44).f64(g.init);
          else throw new Error('unsupported global type');
          w.byte(0x0b);
        }
      });
    }
    if (this.exports.length) {
      section(7, (w) => {
        w.u32(this.exports.length);
        for (const e of this.exports) {
          w.name(e.name).byte({ func: 0, table: 1, memory: 2, global: 3 }[e.kind]).u32(e.index);
        }
      });
    }
    // Branch hints (metadata.code.branch_hint) go before the code section. Offsets count from
    // the start of a function's body, which begins with its local declarations.
    const hinted = this.funcs.map((f, k) => ({ f, index: this.importedCount('func') + k })).filter(({ f }) => f.unlikely?.length);
    if (hinted.length) {
      section(0, (w) => {
        w.name('metadata.code.branch_hint').u32(hinted.length);
        for (const { f, index } of hinted) {
          const declBytes = writeLocalDecls(new ByteWriter(16), f).len;
          w.u32(index).u32(f.unlikely!.length);
          for (const at of f.unlikely!) w.u32(declBytes + at).u32(1).byte(0);
        }
      });
    }
    if (this.funcs.length) {
      section(10, (w) => {
        w.u32(this.funcs.length);
        for (const f of this.funcs) {
          const body = writeLocalDecls(new ByteWriter(f.body.length + 32), f);
          body.bytes(f.body).byte(0x0b);
          w.u32(body.len).bytes(body.view());
        }
      });
    }
    return out.toBytes();
  }
}

/** Writes a function's local declarations, the start of its body in the code section. */
function writeLocalDecls(w: ByteWriter, f: Func): ByteWriter {
  w.u32(f.locals.length);
  for (const [count, type] of f.locals) w.u32(count).byte(type);
  return w;
}
