import { z } from 'zod';

/** Page size bounds for `notifications.list`. */
export const LIST_LIMIT_DEFAULT = 20;
export const LIST_LIMIT_MAX = 100;

/** A user id as carried in the JWT `sub` claim and in `notifications.userId`. */
export const userIdSchema = z.string().min(1).max(128);

/** A notification id: the 24-character lowercase hex of its MongoDB ObjectId. */
export const notificationIdSchema = z.string().regex(/^[0-9a-f]{24}$/, 'must be a 24-character lowercase hex ObjectId');

export const notificationTypeSchema = z.string().min(1).max(64);
export const notificationTitleSchema = z.string().min(1).max(300);
export const notificationBodySchema = z.string().max(5000);

/**
 * Where a notification leads: an absolute http(s) URL or a path on this site.
 * Anything else (`javascript:`, protocol-relative `//host`) is refused, because
 * the bell renders it as a link.
 */
export const notificationLinkSchema = z
  .string()
  .min(1)
  .max(2048)
  .refine(isSafeLink, 'must be an http(s) URL or a path starting with /');

function isSafeLink(value: string): boolean {
  if (value.startsWith('/')) return !value.startsWith('//') && !value.startsWith('/\\');
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** Free-form JSON a producer may attach; the bell does not interpret it. */
export const notificationDataSchema = z.record(z.string(), z.json());

/** What a producer says: everything of a notification but who gets it and when. */
export const notificationContentSchema = z.object({
  type: notificationTypeSchema,
  title: notificationTitleSchema,
  body: notificationBodySchema.optional(),
  link: notificationLinkSchema.optional(),
});

/** A notification as clients see it; dates are ISO-8601 strings. */
export const notificationSchema = notificationContentSchema.extend({
  id: notificationIdSchema,
  userId: userIdSchema,
  data: notificationDataSchema.optional(),
  createdAt: z.iso.datetime(),
  /** When it was read; null while unread. */
  readAt: z.iso.datetime().nullable(),
});

export const listInputSchema = z.object({
  /** The id of the last item of the previous page; omit for the newest page. */
  cursor: notificationIdSchema.nullish(),
  limit: z.number().int().min(1).max(LIST_LIMIT_MAX).default(LIST_LIMIT_DEFAULT),
});

export const listPageSchema = z.object({
  /** Newest first. */
  items: z.array(notificationSchema),
  /** Pass as `cursor` to get the next (older) page; null on the last page. */
  nextCursor: notificationIdSchema.nullable(),
});

export const markReadInputSchema = z.object({
  id: notificationIdSchema,
  read: z.boolean().default(true),
});

export const markReadResultSchema = z.object({
  /** False when no notification of yours has that id. */
  found: z.boolean(),
  unreadCount: z.number().int().nonnegative(),
});

export const markAllReadResultSchema = z.object({
  updated: z.number().int().nonnegative(),
  unreadCount: z.number().int().nonnegative(),
});

/** `notifications.remove`: delete one of your own notifications. */
export const removeInputSchema = z.object({ id: notificationIdSchema });

export const removeResultSchema = z.object({
  /** False when no notification of yours has that id. */
  found: z.boolean(),
  unreadCount: z.number().int().nonnegative(),
});

export type UserId = z.infer<typeof userIdSchema>;
export type NotificationContent = z.infer<typeof notificationContentSchema>;
export type Notification = z.infer<typeof notificationSchema>;
export type ListInput = z.input<typeof listInputSchema>;
export type ListPage = z.infer<typeof listPageSchema>;
export type MarkReadInput = z.input<typeof markReadInputSchema>;
export type MarkReadResult = z.infer<typeof markReadResultSchema>;
export type MarkAllReadResult = z.infer<typeof markAllReadResultSchema>;
export type RemoveInput = z.input<typeof removeInputSchema>;
export type RemoveResult = z.infer<typeof removeResultSchema>;
