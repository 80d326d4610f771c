import { expect, test } from 'vitest';

test('renders', () => expect(1).toBe(1));
