// A one-line progress display for a terminal (redrawn in place), plain lines when piped (CI logs).

export function progressPrinter(
  label: string,
  out: NodeJS.WriteStream = process.stdout,
): (done: number, total: number) => void {
  let lastPercent = -1;
  const started = Date.now();
  return (done, total) => {
    const percent = Math.floor((done / total) * 100);
    if (percent === lastPercent && done !== total) return;
    lastPercent = percent;
    const rate = done / Math.max((Date.now() - started) / 1000, 0.001);
    const line = `${label}: ${done}/${total} cases (${percent}%, ${rate.toFixed(0)}/s)`;
    if (out.isTTY) {
      out.write(`\r${line}${done === total ? '\n' : ''}`);
    } else if (percent % 10 === 0 || done === total) {
      out.write(`${line}\n`);
    }
  };
}
