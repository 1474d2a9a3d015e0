import { adminSendInputSchema, type AdminSendInput } from '@livebell/shared';

/** The admin page's form as typed: every field a string. */
export interface SendForm {
  recipients: string;
  type: string;
  title: string;
  body: string;
  link: string;
}

export type SendFormField = keyof SendForm;
export type SendFormErrors = Partial<Record<SendFormField, string>>;

/** Recipients as typed, split on commas, semicolons and white space, duplicates dropped, order kept. */
export function parseRecipients(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter((word) => word.length > 0))];
}

const FIELD_OF: Record<string, SendFormField> = {
  userIds: 'recipients',
  type: 'type',
  title: 'title',
  body: 'body',
  link: 'link',
};

/** Messages a person can act on, by field and zod issue code; any other issue shows zod's own message. */
const MESSAGES: Partial<Record<SendFormField, Partial<Record<string, string>>>> = {
  recipients: {
    too_small: 'Add at least one recipient.',
    too_big: 'That is too many recipients, or a user id longer than 128 characters.',
  },
  type: { too_small: 'Choose a type.', too_big: 'Types are at most 64 characters.' },
  title: { too_small: 'Give the notification a title.', too_big: 'Keep the title to 300 characters or fewer.' },
  body: { too_big: 'Keep the message to 5,000 characters or fewer.' },
  link: {
    custom: 'Use an http(s) URL or a path that starts with /.',
    too_big: 'Links are at most 2,048 characters.',
  },
};

/**
 * Checks the form against the same schema the server applies to `admin.send`,
 * so a person sees what is wrong before anything is sent. Empty optional
 * fields are left out, not sent as empty strings.
 */
export function validateSendForm(form: SendForm): { input: AdminSendInput } | { errors: SendFormErrors } {
  const parsed = adminSendInputSchema.safeParse({
    userIds: parseRecipients(form.recipients),
    type: form.type.trim(),
    title: form.title.trim(),
    body: form.body.trim() === '' ? undefined : form.body.trim(),
    link: form.link.trim() === '' ? undefined : form.link.trim(),
  });
  if (parsed.success) return { input: parsed.data };
  const errors: SendFormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = FIELD_OF[String(issue.path[0])];
    if (field === undefined || errors[field] !== undefined) continue;
    errors[field] = MESSAGES[field]?.[issue.code] ?? sentence(issue.message);
  }
  return { errors };
}

function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return text.endsWith('.') ? text : `${text}.`;
}
