"""Writes fixtures/tb_written.tfevents with TensorBoard's own EventFileWriter (the same
TFRecord framing and masked CRC32C as TensorFlow), and fixtures/tb_written.json describing
it, so the TypeScript record reader is checked against bytes another implementation wrote."""
import glob, json, os, shutil, tempfile
from tensorboard.summary.writer.event_file_writer import EventFileWriter
from tensorboard.compat.proto import event_pb2, summary_pb2

here = os.path.dirname(os.path.abspath(__file__))
tmp = tempfile.mkdtemp()
w = EventFileWriter(tmp)
values = [0.5, 0.25, 0.125]
for step, v in enumerate(values):
    s = summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag="loss", simple_value=v)])
    w.add_event(event_pb2.Event(wall_time=1700000000.0 + step, step=step, summary=s))
w.close()
(path,) = glob.glob(os.path.join(tmp, "events.out.tfevents.*"))
shutil.copy(path, os.path.join(here, "fixtures", "tb_written.tfevents"))
with open(os.path.join(here, "fixtures", "tb_written.json"), "w") as f:
    json.dump({"records": 1 + len(values), "tag": "loss", "values": values}, f)
