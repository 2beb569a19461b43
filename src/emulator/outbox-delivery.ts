/**
 * Puts a message in the outbox, or, when an outbox fault hits it, drops it, delays it, or adds a
 * copy (docs/emulator.md, "Faults": delayed, dropped or duplicate delivery). The code itself
 * stays valid in every case: only its delivery is at fault, as with a lost or late email.
 */
import type { EmulatorContext } from './context.ts';
import { describeMessage, type OutboxMessage } from './outbox.ts';

function delivered(emu: EmulatorContext): (message: OutboxMessage) => void {
  return (message) => emu.report(describeMessage(message));
}

/** A later copy or delayed message: a new id, and the emulator time it arrives at. */
function arrivingLater(emu: EmulatorContext, message: OutboxMessage, newId: boolean): () => OutboxMessage {
  return () => ({ ...message, id: newId ? emu.random.messageId.hex(24) : message.id, created_at: emu.clock.now() });
}

export function deliver(emu: EmulatorContext, message: OutboxMessage): void {
  const fault = emu.faults.forMessage(message.to);
  switch (fault?.outbox) {
    case 'drop':
      emu.report(`[outbox] dropped on purpose (fault): ${message.channel} ${message.send} to ${message.to}`);
      return;
    case 'delay':
      emu.outbox.addLater(fault.delay_ms ?? 0, arrivingLater(emu, message, false), delivered(emu));
      return;
    case 'duplicate':
      emu.outbox.add(message);
      emu.report(describeMessage(message));
      if ((fault.delay_ms ?? 0) > 0) emu.outbox.addLater(fault.delay_ms!, arrivingLater(emu, message, true), delivered(emu));
      else {
        const copy = arrivingLater(emu, message, true)();
        emu.outbox.add(copy);
        emu.report(describeMessage(copy));
      }
      return;
    case undefined:
      emu.outbox.add(message);
      emu.report(describeMessage(message));
  }
}
