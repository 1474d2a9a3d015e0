import {
  AtSign,
  Bell,
  CircleCheck,
  CreditCard,
  Info,
  MessageSquare,
  ShieldAlert,
  TriangleAlert,
  type LucideIcon,
} from 'lucide-react';

/** How the bell draws a notification `type`: an icon and a colour tone. */
export interface NotificationKind {
  type: string;
  label: string;
  Icon: LucideIcon;
  /** Names a `tone-*` class in styles.css. */
  tone: 'blue' | 'green' | 'amber' | 'violet' | 'red' | 'teal' | 'slate';
}

/**
 * The types the admin page offers. Producers may write any `type`; one not
 * listed here is drawn with the plain bell.
 */
export const KNOWN_KINDS: readonly NotificationKind[] = [
  { type: 'info', label: 'Info', Icon: Info, tone: 'blue' },
  { type: 'success', label: 'Success', Icon: CircleCheck, tone: 'green' },
  { type: 'warning', label: 'Warning', Icon: TriangleAlert, tone: 'amber' },
  { type: 'mention', label: 'Mention', Icon: AtSign, tone: 'violet' },
  { type: 'comment', label: 'Comment', Icon: MessageSquare, tone: 'teal' },
  { type: 'security', label: 'Security', Icon: ShieldAlert, tone: 'red' },
  { type: 'billing', label: 'Billing', Icon: CreditCard, tone: 'teal' },
];

export function kindOf(type: string): NotificationKind {
  return KNOWN_KINDS.find((kind) => kind.type === type) ?? { type, label: type, Icon: Bell, tone: 'slate' };
}
