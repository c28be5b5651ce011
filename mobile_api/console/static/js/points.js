// The service network, read once a sign-in (every active point, a hundred a page).
import { list } from './api.js';

let cached = null;

export function allPoints() {
  if (!cached) {
    cached = (async () => {
      const first = await list('/service-points', { per_page: 100, page: 1 });
      const pages = first.page?.total_pages ?? 1;
      const rest = await Promise.all(Array.from({ length: pages - 1 }, (_, i) =>
        list('/service-points', { per_page: 100, page: i + 2 })));
      return [first, ...rest].flatMap((r) => r.data);
    })().catch((error) => { cached = null; throw error; });
  }
  return cached;
}

export function forget() { cached = null; }

// Great-circle distance in km: enough to sort candidates; the API decides eligibility.
export function kmBetween(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 6371 * 2 * Math.asin(Math.sqrt(s));
}
