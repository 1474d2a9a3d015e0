import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NotificationPreview } from '../src/components/notification-preview.js';

const preview = (theme?: 'light' | 'dark') =>
  renderToStaticMarkup(
    createElement(NotificationPreview, {
      notification: { type: 'success', title: 'Deploy finished' },
      createdAt: new Date().toISOString(),
      ...(theme === undefined ? {} : { theme }),
    }),
  );

describe('the theme of a livebell root', () => {
  it('follows the system unless a theme is given, which the stylesheet keys its colour scheme on', () => {
    expect(preview()).toContain('class="livebell lb-preview" data-theme="system"');
    expect(preview('dark')).toContain('data-theme="dark"');
    expect(preview('light')).toContain('data-theme="light"');
  });

  it('draws the row as the bell does: the title and its kind’s tone', () => {
    const markup = preview();
    expect(markup).toContain('Deploy finished');
    expect(markup).toContain('lb-tone-green');
  });
});
