// What a kubeconfig download can carry. Through Cubby's gateway (the default): a credential Cubby
// issues for this vCluster alone, hours to a week. Directly to the vCluster's own server (where
// one is reachable): its admin client certificate, or a token the vCluster issues.
export type KubeconfigAccess = 'gateway' | 'direct';

export interface CredentialChoice {
  access: KubeconfigAccess;
  /** 0 is the client certificate (direct only); otherwise the credential's lifetime in seconds. */
  seconds: number;
  label: string;
}

export const CREDENTIAL_CHOICES: CredentialChoice[] = [
  { access: 'gateway', seconds: 3600, label: 'Through Cubby, 1 hour' },
  { access: 'gateway', seconds: 8 * 3600, label: 'Through Cubby, 8 hours' },
  { access: 'gateway', seconds: 24 * 3600, label: 'Through Cubby, 1 day' },
  { access: 'gateway', seconds: 7 * 24 * 3600, label: 'Through Cubby, 7 days' },
  { access: 'direct', seconds: 0, label: 'Direct, client certificate (long-lived)' },
  { access: 'direct', seconds: 600, label: 'Direct, token, 10 minutes' },
  { access: 'direct', seconds: 3600, label: 'Direct, token, 1 hour' },
  { access: 'direct', seconds: 24 * 3600, label: 'Direct, token, 1 day' },
];

export const DEFAULT_CREDENTIAL_CHOICE: CredentialChoice = CREDENTIAL_CHOICES[1]!;

export const choiceKey = (choice: CredentialChoice): string => `${choice.access}:${choice.seconds}`;

export function choiceOfKey(key: string): CredentialChoice {
  return CREDENTIAL_CHOICES.find((choice) => choiceKey(choice) === key) ?? DEFAULT_CREDENTIAL_CHOICE;
}

export function kubeconfigQuery(choice: CredentialChoice): string {
  if (choice.access === 'gateway') return `download=1&access=gateway&expirationSeconds=${choice.seconds}`;
  return choice.seconds > 0 ? `download=1&access=direct&token=true&expirationSeconds=${choice.seconds}` : 'download=1&access=direct';
}
