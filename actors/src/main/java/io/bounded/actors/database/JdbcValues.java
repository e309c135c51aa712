package io.bounded.actors.database;

import io.bounded.protocols.database.DatabaseProtocol.Statement;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.pekko.util.ByteString;

/** Binding parameters to JDBC and reading column values back as immutable Java values. */
final class JdbcValues {
  private JdbcValues() {}

  static void bind(PreparedStatement ps, Statement statement) throws SQLException {
    List<Object> params = statement.params();
    for (int i = 0; i < params.size(); i++) {
      Object p = params.get(i);
      int index = i + 1;
      if (p == null) {
        ps.setNull(index, Types.NULL);
      } else if (p instanceof ByteString b) {
        ps.setBytes(index, b.toArray());
      } else if (p instanceof Instant t) {
        ps.setObject(index, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
      } else if (p instanceof BigInteger b) {
        ps.setBigDecimal(index, new BigDecimal(b));
      } else {
        ps.setObject(index, p);
      }
    }
  }

  /** Column {@code index} of the current row, as an immutable value. */
  static Object read(ResultSet rs, int index, int sqlType) throws SQLException {
    switch (sqlType) {
      case Types.DATE:
        return rs.getObject(index, java.time.LocalDate.class);
      case Types.TIME:
        return rs.getObject(index, java.time.LocalTime.class);
      case Types.TIMESTAMP:
        return rs.getObject(index, java.time.LocalDateTime.class);
      case Types.TIMESTAMP_WITH_TIMEZONE:
        return rs.getObject(index, OffsetDateTime.class);
      default:
        return immutable(rs.getObject(index));
    }
  }

  private static Object immutable(Object v) throws SQLException {
    if (v == null
        || v instanceof String
        || v instanceof Number
        || v instanceof Boolean
        || v instanceof java.util.UUID
        || v instanceof java.time.temporal.Temporal) {
      return v;
    }
    if (v instanceof byte[] b) {
      return ByteString.fromArray(b);
    }
    if (v instanceof Blob blob) {
      try {
        return ByteString.fromArray(blob.getBytes(1, (int) blob.length()));
      } finally {
        blob.free();
      }
    }
    if (v instanceof Clob clob) {
      try {
        return clob.getSubString(1, (int) clob.length());
      } finally {
        clob.free();
      }
    }
    if (v instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (v instanceof java.sql.Time t) {
      return t.toLocalTime();
    }
    if (v instanceof Array a) {
      try {
        return list((Object[]) a.getArray());
      } finally {
        a.free();
      }
    }
    if (v instanceof Object[] array) {
      return list(array);
    }
    return v.toString();
  }

  private static List<Object> list(Object[] array) throws SQLException {
    List<Object> out = new ArrayList<>(array.length);
    for (Object o : array) {
      out.add(immutable(o));
    }
    return Collections.unmodifiableList(out);
  }
}
