// The days of a sleep schedule, apart from the schedule's schema: the browser's sleep panel needs
// the list, and importing it from weekly-schedule.ts would bring zod into the page's JavaScript.
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
