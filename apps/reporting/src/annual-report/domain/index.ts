// The public part of the annual-report domain: the facts, forecast rows and report templates the operations slice's own domain and handlers read.
export { type CaseFact } from './case-facts.js';
export { type ForecastRow } from './forecast.js';
export { L2008 } from './templates.js';
