'use client';
// Asks before a token is revoked; the same question on the user's and the admin's tokens pages.
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';

export function RevokeTokenDialog({ title, open, pending, onCancel, onConfirm }: { title: string; open: boolean; pending: boolean; onCancel: () => void; onConfirm: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={() => !pending && onCancel()}
      title={title}
      description="Scripts that use this token are refused at once. This cannot be undone."
      footer={
        <>
          <Button variant="secondary" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
          <Button variant="danger" loading={pending} onClick={onConfirm}>
            Revoke token
          </Button>
        </>
      }
    />
  );
}
