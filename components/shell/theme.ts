// Dark mode: the `dark` class on <html>. The choice is kept in localStorage; without one the
// system setting decides. THEME_SCRIPT runs in <head> before the first paint, so a dark page never
// flashes light.
export const THEME_STORAGE_KEY = 'cubby-theme';

export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});var d=t?t==='dark':window.matchMedia('(prefers-color-scheme: dark)').matches;var e=document.documentElement;e.classList.toggle('dark',d);e.style.colorScheme=d?'dark':'light'}catch(_){}})()`;

export type Theme = 'light' | 'dark';

export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  root.classList.toggle('dark', theme === 'dark');
  root.style.colorScheme = theme;
}
