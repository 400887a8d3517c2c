// The package ships its in-memory store without types of its own.
declare module 'oidc-provider/lib/adapters/memory_adapter.js' {
  import type { Adapter, AdapterPayload } from 'oidc-provider';
  export default class MemoryAdapter implements Adapter {
    constructor(name: string);
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | void | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | void | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | void | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }
}
