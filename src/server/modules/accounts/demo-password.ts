/** The one published password of the demo accounts; refused for every other account. */
export const DEMO_PASSWORD = 'linli-demo';
