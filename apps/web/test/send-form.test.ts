import { describe, expect, it } from 'vitest';
import { parseRecipients, validateSendForm, type SendForm } from '../src/send-form.js';

const valid: SendForm = { recipients: 'ada, grace', type: 'info', title: 'Deploy finished', body: '', link: '' };

describe('parseRecipients', () => {
  it('splits on commas, semicolons and white space and drops duplicates in order', () => {
    expect(parseRecipients(' ada,grace;\nlinus  ada ,, ')).toEqual(['ada', 'grace', 'linus']);
  });
});

describe('validateSendForm', () => {
  it('yields the admin.send input and leaves out empty optional fields', () => {
    expect(validateSendForm(valid)).toEqual({
      input: { userIds: ['ada', 'grace'], type: 'info', title: 'Deploy finished' },
    });
  });

  it('trims what was typed', () => {
    const result = validateSendForm({ ...valid, title: '  Hi  ', body: ' Body ', link: ' /settings ' });
    expect(result).toEqual({
      input: { userIds: ['ada', 'grace'], type: 'info', title: 'Hi', body: 'Body', link: '/settings' },
    });
  });

  it('names every field that is wrong, with a message a person can act on', () => {
    const result = validateSendForm({
      recipients: ' , ',
      type: 'info',
      title: '   ',
      body: '',
      link: 'javascript:alert(1)',
    });
    expect(result).toEqual({
      errors: {
        recipients: 'Add at least one recipient.',
        title: 'Give the notification a title.',
        link: 'Use an http(s) URL or a path that starts with /.',
      },
    });
  });

  it('refuses a title longer than the schema allows', () => {
    expect(validateSendForm({ ...valid, title: 'x'.repeat(301) })).toEqual({
      errors: { title: 'Keep the title to 300 characters or fewer.' },
    });
  });
});
