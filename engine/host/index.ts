// The protocol-v1 host: re-exports only.
export { serveProtocol, type ServeOutcome, type ServeProtocolOptions, type WriteLine } from './protocol-host.js';
export { parseRequestLine, type ParsedRequestLine } from './parse-request-line.js';
export { encodeResponse } from './encode-response.js';
export { describeFailure, errorResponse, type FailureDescription } from './describe-failure.js';
export { LineSplitter, type LineEvent } from './line-splitter.js';
export { createFileDescriptorLineWriter, type LineWriterOptions } from './stdout-line-writer.js';
export * from './protocol.js';
