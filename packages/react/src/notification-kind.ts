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
  Icon: LucideIcon;
  /** Names a `lb-tone-*` class in the stylesheet. */
  tone: 'blue' | 'green' | 'amber' | 'violet' | 'red' | 'teal' | 'slate';
}

/**
 * The types drawn with their own icon (their names are in the strings'
 * `kinds`). Producers may write any `type`; one not listed here is drawn with
 * the plain bell and named as written.
 */
export const KNOWN_KINDS: readonly NotificationKind[] = [
  { type: 'info', Icon: Info, tone: 'blue' },
  { type: 'success', Icon: CircleCheck, tone: 'green' },
  { type: 'warning', Icon: TriangleAlert, tone: 'amber' },
  { type: 'mention', Icon: AtSign, tone: 'violet' },
  { type: 'comment', Icon: MessageSquare, tone: 'teal' },
  { type: 'security', Icon: ShieldAlert, tone: 'red' },
  { type: 'billing', Icon: CreditCard, tone: 'teal' },
];

export function kindOf(type: string): NotificationKind {
  return KNOWN_KINDS.find((kind) => kind.type === type) ?? { type, Icon: Bell, tone: 'slate' };
}
