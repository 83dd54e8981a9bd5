// A minimal protobuf wire-format writer: enough for the handful of TensorFlow messages an
// event file holds (Event, Summary, TensorProto, HistogramProto). Write-only, so a schema
// compiler or runtime library would add weight without adding anything we use.

const utf8 = new TextEncoder();

export class ProtoWriter {
  private bytes: number[] = [];

  private varint(v: number | bigint): void {
    let x = BigInt.asUintN(64, BigInt(v));
    while (x >= 0x80n) {
      this.bytes.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.bytes.push(Number(x));
  }

  private tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, v: number | bigint): this {
    this.tag(field, 0);
    this.varint(v);
    return this;
  }

  bool(field: number, v: boolean): this {
    return this.int(field, v ? 1 : 0);
  }

  double(field: number, v: number): this {
    this.tag(field, 1);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    this.bytes.push(...b);
    return this;
  }

  float(field: number, v: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.bytes.push(...b);
    return this;
  }

  bytesField(field: number, b: Uint8Array): this {
    this.tag(field, 2);
    this.varint(b.length);
    for (const x of b) this.bytes.push(x);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytesField(field, utf8.encode(s));
  }

  message(field: number, m: ProtoWriter): this {
    return this.bytesField(field, m.finish());
  }

  packedDoubles(field: number, vs: ArrayLike<number>): this {
    const b = new Uint8Array(vs.length * 8);
    const dv = new DataView(b.buffer);
    for (let i = 0; i < vs.length; i++) dv.setFloat64(i * 8, vs[i]!, true);
    return this.bytesField(field, b);
  }

  packedFloats(field: number, vs: ArrayLike<number>): this {
    const b = new Uint8Array(vs.length * 4);
    const dv = new DataView(b.buffer);
    for (let i = 0; i < vs.length; i++) dv.setFloat32(i * 4, vs[i]!, true);
    return this.bytesField(field, b);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}
