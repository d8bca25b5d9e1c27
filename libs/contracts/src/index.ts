export const hello = (n: number): string => `n=${n}`;
