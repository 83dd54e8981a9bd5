// kerasm/vis: training curves, confusion matrices and the charts of `kerasm compare`, as
// self-contained SVG (no charting library, no network): live in a browser element, or as
// `.svg`/`.html` files in Node. A separate entry point; the core never loads it.

export { history, historyCharts, type HistoryLike, type HistoryOptions } from './history.js';
export { fitCallbacks, FitCallbacks, type FitCallbacksOptions } from './fit_callbacks.js';
export {
  confusionMatrix, perClassAccuracy, type ClassesLike, type ClassAccuracy, type ConfusionOptions, type ConfusionResult,
} from './confusion.js';
export { lineChart, type LineChartSpec, type Series } from './line_chart.js';
export { barChart, type BarChartSpec } from './bar_chart.js';
export { heatmap, type HeatmapSpec } from './heatmap.js';
export { stackSvgs, htmlPage, tableMarkup, SORT_SCRIPT, type Column, type PageOptions } from './page.js';
export { type Target } from './target.js';

import { confusionMatrixValues, perClassAccuracyValues } from './confusion.js';

/** The numbers without drawing (tfjs-vis `metrics`). */
export const metrics = { confusionMatrix: confusionMatrixValues, perClassAccuracy: perClassAccuracyValues };
