import type { OutgoingMessage } from '../messages/message.js';
import { physicalTopicName, type Unit, unitHeaders, type UnitTargets } from './naming.js';

/**
 * A unit's sender (whitepaper 5.5): each message goes to its logical topic's physical topic in the
 * sender's cell and carries __UNIT.ORIUNIT (the sender's cell) and the target cells given. The
 * stamp wins over headers of the same name in the input: the sender is this cell, whatever an
 * NDJSON line copied from elsewhere says.
 */
export function stampUnit(messages: OutgoingMessage[], unit: Unit, targets: UnitTargets): void {
  const stamp = unitHeaders(unit.cell, targets);
  const topics = new Map<string, string>();
  for (const message of messages) {
    let physical = topics.get(message.topic);
    if (physical === undefined) topics.set(message.topic, (physical = physicalTopicName(unit, message.topic)));
    message.topic = physical;
    Object.assign(message.headers, stamp);
  }
}
