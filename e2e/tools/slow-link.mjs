// Chrome DevTools' "Slow 4G" as issue #17 gives it (1.6 Mbps down, 750 kbps up,
// 150 ms RTT) with 4× CPU slowdown, applied to one page over CDP. Shared by the
// first-visit tests and the bench.
export const SLOW_4G = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
export const CPU_SLOWDOWN = 4;

export async function slowLink(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  return cdp;
}
