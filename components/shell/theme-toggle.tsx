'use client';
import { useEffect, useState } from 'react';
import { MoonIcon, SunIcon } from '@/components/ui/icons';
import { cx } from '@/components/ui/cx';
import { applyTheme, THEME_STORAGE_KEY, type Theme } from './theme';

function currentTheme(): Theme {
  return document.documentElement.classList.contains('dark') ? 'dark' : 'light';
}

export function ThemeToggle({ className }: { className?: string }) {
  // Unknown until mounted: the server cannot know, and the inline script already set the class.
  const [theme, setTheme] = useState<Theme | null>(null);
  useEffect(() => {
    // React may reset <html> attributes on a development remount; put the stored choice back.
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    if (stored === 'dark' || stored === 'light') applyTheme(stored);
    setTheme(currentTheme());
  }, []);

  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      onClick={() => {
        applyTheme(next);
        try {
          localStorage.setItem(THEME_STORAGE_KEY, next);
        } catch {
          // private mode: the choice lasts for this page only
        }
        setTheme(next);
      }}
      className={cx(
        'inline-flex size-9 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white',
        className,
      )}
      aria-label={theme === null ? 'Toggle dark mode' : `Switch to ${next} mode`}
      title={theme === null ? 'Toggle dark mode' : `Switch to ${next} mode`}
    >
      {theme === 'dark' ? <SunIcon className="size-5" /> : <MoonIcon className="size-5" />}
    </button>
  );
}
