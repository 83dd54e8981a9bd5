export function writeHdf5(): Uint8Array { throw new Error("todo"); }
