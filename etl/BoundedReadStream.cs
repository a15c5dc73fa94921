using System.Diagnostics;
using DiSu.Analytics.Etl.Contract;

namespace DiSu.Analytics.Etl;

/// <summary>
/// The workbook file as MiniExcel reads it, with a time limit and the caller's cancellation
/// checked at every read: MiniExcel may read a whole sheet before it gives the first row (to
/// size it when the cells carry no addresses), and only the file underneath sees that work.
/// </summary>
internal sealed class BoundedReadStream(Stream inner, TimeSpan? limit, CancellationToken cancellation) : Stream
{
    private readonly Stopwatch watch = Stopwatch.StartNew();

    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        Check();
        return inner.Read(buffer, offset, count);
    }

    public override int Read(Span<byte> buffer)
    {
        Check();
        return inner.Read(buffer);
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Check()
    {
        cancellation.ThrowIfCancellationRequested();
        if (limit is { } l && watch.Elapsed > l)
            throw new FileRefusedException(
                $"bảng tính bị từ chối: đọc nó mất hơn {l.TotalSeconds:0} giây; hãy tách nhỏ (mỗi phường, xã hoặc mỗi năm rà soát một tệp) hoặc gửi dạng CSV",
                $"the workbook is refused: reading it took longer than {l.TotalSeconds:0} s; split it (one file per ward or review year) or send it as CSV",
                kind: Refusal.TooLarge);
    }
}
