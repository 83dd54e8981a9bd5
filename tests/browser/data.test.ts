// data sets from browser sources in headless Chromium: fromPixels/fromImages on ImageData,
// canvases and ImageBitmaps, fromFiles on PNG Blobs (createImageBitmap), fit on the pipeline.

import { describe, expect, it } from 'vitest';
import { useChromium } from './harness.js';

interface Results {
  errors: string[];
  pixelShape: number[];
  pixel: number[];
  bitmapShape: number[];
  bitmapPixel: number[];
  imagesShape: number[];
  accuracy: number[];
  leak: number;
  corrupt: string;
}

const open = useChromium();

describe('data sets from browser sources', () => {
  it('pixels, images and files feed fit', async () => {
    const { results: r } = await open<Results>('data.html', false, 1);
    expect(r.errors, r.errors.join('\n')).toEqual([]);
    expect(r.pixelShape).toEqual([2, 3, 3]);
    expect(r.pixel).toEqual([220, 0, 0]);
    expect(r.bitmapShape).toEqual([4, 5, 4]);
    expect(r.bitmapPixel).toEqual([0, 0, 230, 255]);
    expect(r.imagesShape).toEqual([30, 4, 4, 3]);
    expect(r.accuracy.at(-1)).toBe(1);
    expect(r.leak).toBe(0);
    expect(r.corrupt).toMatch(/could not decode the image file 'broken\.png'/);
  }, 90_000);
});
