// #event-sourcing/http — the routes of a kind of case made from its declaration (case-routes.ts):
// NestJS controllers over StreamViews, with #auth's agency checks and #http's headers and paging.
export * from './case-routes.js';
export * from './case-commands.js';
export * from './case-controller.js';
