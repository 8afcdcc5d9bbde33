// Wiring only. The background runs the engine for the console pages (issue 3).
export default defineBackground(() => {});
