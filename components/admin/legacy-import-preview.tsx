'use client';
// What importing a pre-0.20 values file changes, key by key, shown before anything is saved:
// the admin sees each old key, where it moved and with which value, and what could not move.
import type { LegacyImportResult } from '@/lib/vcluster/legacy-values';
import { Notice } from './notice';
import { buttonClass } from './styles';

const show = (value: unknown) => JSON.stringify(value);

export function LegacyImportPreview({ result, onConvert }: { result: LegacyImportResult; onConvert: () => void }) {
  const blocked = result.unmapped.length > 0;
  return (
    <Notice
      tone={blocked ? 'error' : 'warning'}
      title={blocked ? 'These values use pre-0.20 keys that cannot be converted' : 'These values use the pre-0.20 layout, which the chart refuses'}
      action={
        !blocked && (
          <button type="button" className={buttonClass.primary} onClick={onConvert}>
            Use the converted values
          </button>
        )
      }
    >
      <p className="mb-2">
        {blocked ? 'Remove or rewrite the keys listed last, then check again.' : 'Review each change, then use the converted values and save.'}
      </p>
      {result.mapped.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-xs" aria-label="Converted keys">
            <thead>
              <tr>
                <th scope="col" className="py-1 pr-3 font-semibold">Old key</th>
                <th scope="col" className="py-1 pr-3 font-semibold">New key</th>
                <th scope="col" className="py-1 pr-3 font-semibold">Value</th>
              </tr>
            </thead>
            <tbody>
              {result.mapped.map((m) => (
                <tr key={`${m.from}->${m.to}`} className="align-top">
                  <td className="py-1 pr-3 font-mono">{m.from}</td>
                  <td className="py-1 pr-3 font-mono">{m.to}</td>
                  <td className="py-1 pr-3">
                    <span className="font-mono">{show(m.value)}</span>
                    {m.note && <span className="block opacity-80">{m.note}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {blocked && (
        <ul className="mt-2 list-disc pl-5 text-xs" aria-label="Keys that cannot be converted">
          {result.unmapped.map((u) => (
            <li key={u.path}>
              <span className="font-mono">{u.path}</span> = <span className="font-mono">{show(u.value)}</span>: {u.reason}
            </li>
          ))}
        </ul>
      )}
    </Notice>
  );
}
