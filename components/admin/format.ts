// Numbers as admins read them: CPU in cores, memory in binary units, times relative to now.

export function formatCores(milli: number): string {
  if (milli === 0) return '0';
  if (milli < 1000) return `${milli}m`;
  const cores = milli / 1000;
  return Number.isInteger(cores) ? String(cores) : cores.toFixed(2).replace(/\.?0+$/, '');
}

export function formatBytes(bytes: number): string {
  if (bytes === 0) return '0';
  const units = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi'];
  let value = bytes;
  let unit = '';
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  const text = Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1).replace(/\.?0+$/, '');
  return `${text}${unit ? ` ${unit}` : ' B'}`;
}

export function percent(used: number, hard: number | undefined): number | undefined {
  if (hard === undefined || hard <= 0) return undefined;
  return Math.round((used / hard) * 100);
}

const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

export function relativeTime(iso: string | undefined, now: number = Date.now()): string {
  if (!iso) return '—';
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 45 * 60) return RELATIVE.format(Math.round(seconds / 60), 'minute');
  if (abs < 22 * 3600) return RELATIVE.format(Math.round(seconds / 3600), 'hour');
  if (abs < 26 * 86400) return RELATIVE.format(Math.round(seconds / 86400), 'day');
  return new Date(iso).toLocaleDateString();
}

export function absoluteTime(iso: string | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString();
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
