// The demo page: starts the training Worker, sends the chosen options, draws the live charts
// with kerasm/vis, and turns the canvas drawing into a 28×28 input for the trained model.
import { lineChart } from './dist/vis.js';

const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
for (const id of ['model', 'optimizer', 'lr', 'batch', 'epochs', 'samples']) if (params.has(id)) $(id).value = params.get(id);

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const state = { batches: [], loss: [], acc: [], epochs: [], valLoss: [], valAcc: [], trainLoss: [], trainAcc: [], frame: 0 };
// Counts chart redraws (the browser test reads it).
window.__demo = { redraws: 0, done: false, errors: [] };

function draw() {
  state.frame = 0;
  const w = 380, h = 240;
  $('charts').innerHTML = [
    lineChart({ title: 'loss (per batch)', xLabel: 'batch', width: w, height: h, series: [{ name: 'loss', x: state.batches, y: state.loss }] }),
    lineChart({ title: 'accuracy (per batch)', xLabel: 'batch', width: w, height: h, yDomain: [0, 1], series: [{ name: 'accuracy', x: state.batches, y: state.acc }] }),
    lineChart({
      title: 'per epoch', xLabel: 'epoch', width: w, height: h, xInteger: true, series: [
        { name: 'loss', x: state.epochs, y: state.trainLoss }, { name: 'val_loss', x: state.epochs, y: state.valLoss, dashed: true },
        { name: 'accuracy', x: state.epochs, y: state.trainAcc }, { name: 'val_accuracy', x: state.epochs, y: state.valAcc, dashed: true },
      ],
    }),
  ].join('');
  window.__demo.redraws++;
}
const schedule = () => { if (!state.frame) state.frame = requestAnimationFrame(draw); };

worker.onmessage = ({ data: m }) => {
  if (m.type === 'ready') {
    $('status').textContent = `kerasm ready: ${m.variant} build, ${m.threads} thread(s)${crossOriginIsolated ? '' : ' (page not cross-origin isolated: one thread)'}`;
    window.__demo.threads = m.threads;
    $('train').disabled = false;
  } else if (m.type === 'status') {
    $('status').textContent = m.text;
  } else if (m.type === 'batch') {
    state.batches.push(state.batches.length + 1);
    state.loss.push(m.loss);
    state.acc.push(m.accuracy);
    $('speed').textContent = `${Math.round(m.samplesPerSecond).toLocaleString('en-US')} samples/s · batch ${m.batch + 1}`;
    window.__demo.samplesPerSecond = m.samplesPerSecond;
    schedule();
  } else if (m.type === 'epoch') {
    state.epochs.push(m.epoch + 1);
    state.trainLoss.push(m.logs.loss); state.valLoss.push(m.logs.val_loss);
    state.trainAcc.push(m.logs.accuracy); state.valAcc.push(m.logs.val_accuracy);
    $('status').textContent = `epoch ${m.epoch + 1}: val accuracy ${m.logs.val_accuracy.toFixed(4)}`;
    schedule();
  } else if (m.type === 'done') {
    $('status').textContent = `done: test accuracy ${(m.testAccuracy * 100).toFixed(2)}% — draw a garment and press Classify`;
    window.__demo.done = true;
    window.__demo.testAccuracy = m.testAccuracy;
    $('train').disabled = false;
    for (const id of ['classify', 'save', 'download']) $(id).disabled = false;
  } else if (m.type === 'prediction') {
    const best = m.probs.indexOf(Math.max(...m.probs));
    $('prediction').textContent = `${CLASSES[best]} (${(m.probs[best] * 100).toFixed(1)}%)`;
    $('bars').innerHTML = m.probs.map((p, i) => `<div><span style="width:90px">${CLASSES[i]}</span><span class="b" style="width:${Math.round(p * 200)}px"></span>${(p * 100).toFixed(1)}%</div>`).join('');
    window.__demo.prediction = CLASSES[best];
  } else if (m.type === 'keras-file') {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([m.bytes], { type: 'application/octet-stream' }));
    a.download = 'fashion-mnist.keras';
    a.click();
  } else if (m.type === 'error') {
    $('status').textContent = `error: ${m.message}`;
    window.__demo.errors.push(m.message);
    $('train').disabled = false;
  }
};
worker.postMessage({ type: 'init', threads: Number(params.get('threads')) || 0 });

$('form').onsubmit = (e) => {
  e.preventDefault();
  Object.assign(state, { batches: [], loss: [], acc: [], epochs: [], valLoss: [], valAcc: [], trainLoss: [], trainAcc: [] });
  window.__demo.done = false;
  $('train').disabled = true;
  worker.postMessage({ type: 'train', options: {
    model: $('model').value, optimizer: $('optimizer').value, learningRate: Number($('lr').value), batchSize: Number($('batch').value),
    epochs: Number($('epochs').value), trainSamples: Number($('samples').value),
  } });
};

// Drawing: white strokes on black, like the data set's light garments on a dark ground.
const canvas = $('canvas'), ctx = canvas.getContext('2d');
const clear = () => { ctx.fillStyle = '#000'; ctx.fillRect(0, 0, canvas.width, canvas.height); };
clear();
let drawing = false;
const at = (e) => { const r = canvas.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
canvas.onpointerdown = (e) => { drawing = true; ctx.beginPath(); ctx.moveTo(...at(e)); };
canvas.onpointermove = (e) => {
  if (!drawing) return;
  ctx.lineTo(...at(e)); ctx.strokeStyle = '#fff'; ctx.lineWidth = 22; ctx.lineCap = ctx.lineJoin = 'round'; ctx.stroke();
};
canvas.onpointerup = canvas.onpointerleave = () => { drawing = false; };
$('clear').onclick = clear;
$('classify').onclick = () => {
  const small = new OffscreenCanvas(28, 28), c = small.getContext('2d');
  c.imageSmoothingQuality = 'high';
  c.drawImage(canvas, 0, 0, 28, 28);
  const img = c.getImageData(0, 0, 28, 28).data;
  const pixels = new Float32Array(784);
  for (let i = 0; i < 784; i++) pixels[i] = img[i * 4] / 255;
  worker.postMessage({ type: 'classify', pixels }, [pixels.buffer]);
};
$('save').onclick = () => worker.postMessage({ type: 'save-idb' });
$('download').onclick = () => worker.postMessage({ type: 'download' });
