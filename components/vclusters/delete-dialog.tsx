'use client';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { TextInput } from '@/components/ui/field';

/** Deleting is forever: the user types the name to confirm. */
export function DeleteVClusterDialog({ name, open, onClose, onConfirm, busy }: { name: string; open: boolean; onClose: () => void; onConfirm: () => void; busy: boolean }) {
  const [typed, setTyped] = useState('');
  const inputId = useId();
  useEffect(() => {
    if (open) setTyped('');
  }, [open]);
  const matches = typed === name;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (matches && !busy) onConfirm();
  };
  return (
    <Dialog
      open={open}
      onClose={busy ? () => undefined : onClose}
      title={`Delete ${name}?`}
      description={
        <>
          This deletes the vCluster, everything inside it and everything it synced to the host. It cannot be undone.
        </>
      }
    >
      <form onSubmit={submit}>
        <label htmlFor={inputId} className="block text-sm font-medium">
          Type <span className="font-mono font-semibold select-all">{name}</span> to confirm
        </label>
        <TextInput id={inputId} className="mt-1.5 font-mono" value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus autoComplete="off" spellCheck={false} autoCapitalize="none" />
        <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" disabled={!matches} loading={busy}>
            Delete vCluster
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
