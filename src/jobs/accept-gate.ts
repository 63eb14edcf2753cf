/** Admits at most `width` holders at once, first come first served. */
export interface AcceptGate {
  /** Resolves with the function that lets the next one in; call it exactly once. */
  acquire(): Promise<() => void>;
}

/**
 * The gate a delivery passes just before the receiver can accept it (the SMTP end-of-data dot) and
 * leaves once its "delivered" record has committed. A crash can double only what is between those two
 * points, so with width 1 a killed worker doubles at most one email, however many it sends at once:
 * the others are cut off mid-message, and an SMTP server discards a message whose dot never came.
 */
export function createAcceptGate(width = 1): AcceptGate {
  let inside = 0;
  const waiting: (() => void)[] = [];
  const leave = () => {
    const next = waiting.shift();
    if (next) next();
    else inside--;
  };
  return {
    acquire: () => {
      let left = false;
      const release = () => {
        if (left) return;
        left = true;
        leave();
      };
      if (inside < width) {
        inside++;
        return Promise.resolve(release);
      }
      // The place is handed over by leave(): inside stays the same.
      return new Promise((resolve) => waiting.push(() => resolve(release)));
    },
  };
}
