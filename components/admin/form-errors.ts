// Turns an API error into what a form shows: a message beside the field the API named
// (`error.details.field`, e.g. `spec.quota.cpu`), a conflict banner, or a message on top.
import { ApiFetchError } from '@/lib/client/api-fetch';
import { errorMessage } from './notice';

export interface FormErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  /** 409 conflict: someone else changed the object since it was read. */
  conflict?: string;
  form?: string;
}

export function apiField(error: unknown): string | undefined {
  if (!(error instanceof ApiFetchError)) return undefined;
  const details = error.details as { field?: unknown } | undefined;
  return typeof details?.field === 'string' ? details.field : undefined;
}

/** "Tenant: spec.quota.cpu: '2 cores' is not..." reads better beside the field without the path. */
function withoutPath(message: string, path: string): string {
  const stripped = message.replace(new RegExp(`^[A-Za-z ]+: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `), '');
  return stripped.charAt(0).toUpperCase() + stripped.slice(1);
}

export function formErrors<F extends string>(error: unknown, fieldFor: (path: string, error: ApiFetchError) => F | undefined): FormErrors<F> {
  if (!error) return { fields: {} };
  if (error instanceof ApiFetchError && error.status === 409 && error.code === 'conflict') return { fields: {}, conflict: error.message };
  const path = apiField(error);
  if (error instanceof ApiFetchError) {
    const field = fieldFor(path ?? '', error);
    if (field) return { fields: { [field]: path ? withoutPath(error.message, path) : error.message } as Partial<Record<F, string>> };
  }
  return { fields: {}, form: errorMessage(error) };
}
