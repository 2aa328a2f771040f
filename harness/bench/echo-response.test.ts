import { describe, expect, it } from 'vitest';
import { parseEngineResponse } from '../engine-client/engine-response.js';
import { ECHO_READY_LINE, echoResponse } from './echo-response.js';

describe('the echo child answers', () => {
  it('a commit with an ack the harness client accepts, naming its id and tx', () => {
    const answer = echoResponse('{"id":7,"type":"commit","tx":42,"writes":[["k","v"]]}');
    expect(answer?.closes).toBe(false);
    expect(parseEngineResponse(answer?.line ?? '')).toEqual({ type: 'ack', id: 7, tx: 42, lsn: '0/0' });
  });

  it('close with ok, and then ends', () => {
    const answer = echoResponse('{"id":8,"type":"close"}');
    expect(answer).toEqual({ line: '{"id":8,"type":"ok"}', closes: true });
  });

  it('garbage and other requests with an error, and blank lines with nothing', () => {
    expect(parseEngineResponse(echoResponse('not json')?.line ?? '')).toMatchObject({ type: 'error', id: null, code: 'BAD_REQUEST' });
    expect(parseEngineResponse(echoResponse('{"id":9,"type":"dump"}')?.line ?? '')).toMatchObject({ type: 'error', id: 9, code: 'BAD_REQUEST' });
    expect(echoResponse('   ')).toBeUndefined();
  });

  it('ready in a form the harness client reads as ready', () => {
    expect(parseEngineResponse(ECHO_READY_LINE)).toMatchObject({ type: 'ready', lsn: '0/0' });
  });
});
