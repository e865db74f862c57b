/** Stylesheets imported for their side effect (bundled by Vite). */
declare module '*.css';

/** The companion server's origin chosen at build time (wxt.config.ts, COMPANION_URL). */
declare const __COMPANION_URL__: string;
