// A worker thread of the heatmap bench's cache build: one shard, then its last event's time.
import { parentPort, workerData } from 'node:worker_threads';
import { buildShard, type ShardTask } from './heatmap-cache';

parentPort?.postMessage(buildShard(workerData as ShardTask));
