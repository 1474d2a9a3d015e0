import { BellRing } from 'lucide-react';
import type { DesktopAlerts } from '../inbox-state.js';
import { useLivebellStrings } from '../livebell-settings.js';

/**
 * The opt-in for desktop alerts: a switch. Turning it on is what asks the
 * browser's permission, so the prompt appears only after the user asked.
 */
export function DesktopAlertsSwitch({ alerts }: { alerts: DesktopAlerts }) {
  const strings = useLivebellStrings();
  const available = alerts.state === 'on' || alerts.state === 'off';
  return (
    <button
      type="button"
      role="switch"
      className="lb-text-button lb-alerts-switch"
      aria-checked={alerts.state === 'on'}
      disabled={!available}
      title={available ? undefined : strings.desktopAlerts[alerts.state]}
      onClick={alerts.state === 'on' ? alerts.disable : alerts.enable}
    >
      <BellRing size={16} aria-hidden="true" />
      {strings.desktopAlerts[alerts.state === 'on' ? 'on' : 'off']}
      <span className="lb-switch-track" aria-hidden="true" />
    </button>
  );
}
