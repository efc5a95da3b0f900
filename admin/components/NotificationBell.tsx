import React, { useEffect, useState } from 'react';
import { Box, Icon, Text } from '@adminjs/design-system';

/** Props AdminJS gives an override of its LoggedIn box: the original component plus its own props. */
interface Props {
  OriginalComponent?: React.ComponentType<Record<string, unknown>>;
  session?: { id?: string | number };
  [key: string]: unknown;
}

const ROOT = '/admin';

/** The top bar's signed-in box with a bell in front: the staff member's unread notifications, linking to the list. */
const NotificationBell: React.FC<Props> = (props) => {
  const { OriginalComponent, ...rest } = props;
  const [unread, setUnread] = useState<number | null>(null);

  useEffect(() => {
    let stopped = false;
    const load = () =>
      fetch(`${ROOT}/notifications/unread.json`, { credentials: 'same-origin' })
        .then((r) => (r.ok ? r.json() : { unread: null }))
        .then((body: { unread: number | null }) => !stopped && setUnread(body.unread))
        .catch(() => undefined);
    void load();
    const timer = window.setInterval(load, 60_000);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, []);

  const userId = props.session?.id;
  const href = `${ROOT}/resources/notifications${userId ? `?filters.userId=${encodeURIComponent(String(userId))}` : ''}`;
  return (
    <Box flex flexDirection="row" alignItems="center">
      <a href={href} data-testid="notification-bell" aria-label={`Notifications: ${unread ?? 0} unread`} style={{ display: 'flex', alignItems: 'center', marginRight: 16, textDecoration: 'none' }}>
        <Icon icon="Bell" />
        {unread ? <Text as="span" ml="sm" fontWeight="bold">{unread}</Text> : null}
      </a>
      {OriginalComponent ? <OriginalComponent {...rest} /> : null}
    </Box>
  );
};

export default NotificationBell;
